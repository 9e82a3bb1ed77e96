"""URLs of the knowledge app: each view module lists its own patterns."""

from .views import articles, experts, learning, search

app_name = "knowledge"

urlpatterns = [
    *search.urlpatterns,
    *articles.urlpatterns,
    *experts.urlpatterns,
    *learning.urlpatterns,
]
