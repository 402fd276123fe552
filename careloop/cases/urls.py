from django.urls import path

from careloop.cases import views

urlpatterns = [
    path("episodes/<int:episode_id>/share/", views.episode_share, name="case_share"),
    path(
        "episodes/<int:episode_id>/case-consent/",
        views.episode_case_consent,
        name="case_consent",
    ),
    path("<int:shared_case_id>/update/", views.case_update, name="case_update"),
    path("<int:shared_case_id>/withdraw/", views.case_withdraw, name="case_withdraw"),
    path("practice-setting/", views.practice_setting, name="case_practice_setting"),
]
