from django.urls import path

from careloop.training import session_views, template_views, views

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise_list"),
    path("exercises/new/", views.exercise_create, name="exercise_create"),
    path("exercises/standard/", views.exercise_library_load, name="exercise_library_load"),
    path("exercises/<int:exercise_id>/edit/", views.exercise_edit, name="exercise_edit"),
    path("clients/<int:client_id>/program/", views.program_detail, name="program_detail"),
    path("clients/<int:client_id>/program/edit/", views.program_edit, name="program_edit"),
    path(
        "clients/<int:client_id>/program/save-as-template/",
        template_views.program_save_as_template,
        name="program_save_as_template",
    ),
    path(
        "clients/<int:client_id>/program/edit/row/",
        views.program_edit_row,
        name="program_edit_row",
    ),
    path(
        "clients/<int:client_id>/program/versions/<int:version_id>/",
        views.program_version_detail,
        name="program_version_detail",
    ),
    path("clients/<int:client_id>/sessions/", views.session_list, name="session_list"),
    path("clients/<int:client_id>/sessions/new/", views.session_create, name="session_create"),
    path(
        "clients/<int:client_id>/sessions/new/row/",
        views.session_form_row,
        name="session_form_row",
    ),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/",
        views.session_detail,
        name="session_detail",
    ),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/correct/",
        session_views.session_correct,
        name="session_correct",
    ),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/void/",
        session_views.session_void,
        name="session_void",
    ),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/pain-2h/",
        session_views.session_pain_2h,
        name="session_pain_2h",
    ),
    path("clients/<int:client_id>/charts/pain/", views.pain_chart, name="training_pain_chart"),
    path("clients/<int:client_id>/charts/load/", views.load_chart, name="training_load_chart"),
]
