from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "careloop.episodes"
    label = "episodes"

    def ready(self) -> None:
        # Models are importable only once apps are loaded, hence here and not at the top.
        from careloop.episodes.session_checks import linked_reports_check  # noqa: PLC0415
        from careloop.training.corrections import session_change_check_register  # noqa: PLC0415

        session_change_check_register(linked_reports_check)
