"""The REST API (django-ninja): a thin shell over the selectors and services of the apps."""
