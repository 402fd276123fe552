from django.urls import path

from careloop.clients import history_views, views

urlpatterns = [
    path("referral-sources/", views.referral_source_list, name="referral_source_list"),
    path("referral-sources/new/", views.referral_source_create, name="referral_source_create"),
    path("referral-sources/picker/", views.referral_source_picker, name="referral_source_picker"),
    path(
        "referral-sources/<int:source_id>/",
        views.referral_source_detail,
        name="referral_source_detail",
    ),
    path(
        "referral-sources/<int:source_id>/edit/",
        views.referral_source_edit,
        name="referral_source_edit",
    ),
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:client_id>/", views.client_detail, name="client_detail"),
    path("clients/<int:client_id>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:client_id>/discharge/", views.client_discharge, name="client_discharge"),
    path("clients/<int:client_id>/reactivate/", views.client_reactivate, name="client_reactivate"),
    path("clients/<int:client_id>/referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<int:referral_id>/edit/", views.referral_edit, name="referral_edit"),
    path(
        "referrals/<int:referral_id>/procedures/new/",
        history_views.referral_procedure_create,
        name="referral_procedure_create",
    ),
    path(
        "procedures/<int:procedure_id>/remove/",
        history_views.referral_procedure_remove,
        name="referral_procedure_remove",
    ),
    path(
        "clients/<int:client_id>/medications/new/",
        history_views.medication_create,
        name="medication_create",
    ),
    path(
        "medications/<int:medication_id>/stop/",
        history_views.medication_stop,
        name="medication_stop",
    ),
    path("clients/<int:client_id>/consents/new/", views.consent_create, name="consent_create"),
    path("consents/<int:consent_id>/revoke/", views.consent_revoke, name="consent_revoke"),
]
