from django.urls import path

from careloop.episodes import correction_views, daily_views, views, vitals_views

urlpatterns = [
    path("search/", daily_views.search, name="search"),
    path("today/", daily_views.today, name="today"),
    path("client-called/", views.client_called, name="client_called"),
    path(
        "clients/<int:client_id>/pain-reports/new/",
        views.pain_report_create,
        name="pain_report_create",
    ),
    path(
        "pain-reports/<int:report_id>/correct/",
        correction_views.pain_report_correct_view,
        name="pain_report_correct",
    ),
    path(
        "pain-reports/<int:report_id>/void/",
        correction_views.pain_report_void_view,
        name="pain_report_void",
    ),
    path(
        "pain-reports/<int:report_id>/vitals/new/",
        vitals_views.pain_report_vitals_create,
        name="pain_report_vitals_create",
    ),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/vitals/new/",
        vitals_views.session_vitals_create,
        name="session_vitals_create",
    ),
    path("triage/<int:triage_record_id>/", views.recommendation, name="recommendation"),
    path("triage/<int:triage_record_id>/decide/", views.decision_create, name="decision_create"),
    path(
        "triage/<int:triage_record_id>/emergency-actions/",
        views.emergency_action_create,
        name="emergency_action_create",
    ),
    path("episodes/", views.episode_list, name="episode_list"),
    path("episodes/<int:episode_id>/", views.episode_detail, name="episode_detail"),
    path("episodes/<int:episode_id>/resolve/", views.episode_resolve, name="episode_resolve"),
    path("holds/<int:hold_id>/clearance/", views.clearance_create, name="clearance_create"),
    path(
        "follow-ups/<int:follow_up_id>/complete/",
        views.follow_up_complete,
        name="follow_up_complete",
    ),
    path("practice/triage-thresholds/", views.practice_ruleset, name="practice_ruleset"),
]
