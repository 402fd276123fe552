from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "careloop.training"
    label = "training"
