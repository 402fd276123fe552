from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "careloop.jobs"
    label = "jobs"
