from django.urls import path

from careloop.outbox import views

urlpatterns = [
    path("practice/email/", views.outbox_list, name="outbox_list"),
    path("practice/email/<int:email_id>/retry/", views.outbox_retry, name="outbox_retry"),
]
