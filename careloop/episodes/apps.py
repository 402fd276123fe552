from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "careloop.episodes"
    label = "episodes"
