from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "careloop.outbox"
    label = "outbox"
