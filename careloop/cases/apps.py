from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "careloop.cases"
    label = "cases"
    verbose_name = "Cases"
    default_auto_field = "django.db.models.BigAutoField"
