"""Models of the knowledge app, one module per topic."""

from .articles import Article, ArticleAttachment, ExpertListing
from .learning import LearningOffer, LearningParticipation, LearningPath, LearningPathStep
from .search import SearchDocument, SearchFacet

__all__ = [
    "Article",
    "ArticleAttachment",
    "ExpertListing",
    "LearningOffer",
    "LearningParticipation",
    "LearningPath",
    "LearningPathStep",
    "SearchDocument",
    "SearchFacet",
]
