from django.apps import AppConfig


class CheckinConfig(AppConfig):
    name = "careloop.checkin"
    label = "checkin"
    verbose_name = "Client check-in links"
