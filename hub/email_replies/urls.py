from django.urls import path

from hub.email_replies import views

app_name = "email_replies"
urlpatterns = [path("inbound/email/", views.inbound_email, name="inbound")]
