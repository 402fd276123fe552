from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "careloop.letters"
    label = "letters"
