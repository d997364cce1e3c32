from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "dtks.jobs"
    verbose_name = "Pekerjaan latar"
