from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "dtks.assessment"
    verbose_name = "Penilaian (PMT)"
