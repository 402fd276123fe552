from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "careloop.clients"
    label = "clients"
