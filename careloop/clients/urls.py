from django.urls import path

from careloop.clients import views

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
    path("clients/<int:client_id>/consents/new/", views.consent_create, name="consent_create"),
    path("consents/<int:consent_id>/revoke/", views.consent_revoke, name="consent_revoke"),
]
