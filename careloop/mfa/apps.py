from django.apps import AppConfig


class MfaConfig(AppConfig):
    name = "careloop.mfa"
    label = "mfa"
    verbose_name = "Two-factor sign-in"
