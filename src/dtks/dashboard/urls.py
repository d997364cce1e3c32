from django.urls import path

from dtks.dashboard import views

app_name = "dashboard"
urlpatterns = [path("", views.home, name="home"), path("healthz", views.healthz, name="healthz")]
