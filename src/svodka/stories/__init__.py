"""Stories: one event told by many posts and outlets. `documents.py` turns articles into what is compared
(words, shingles, entities), `dedup.py` finds reprints, `cluster.py` groups a window of articles into
stories."""
from .cluster import Story, cluster_stories
from .documents import Document, document

__all__ = ["Document", "Story", "cluster_stories", "document"]
