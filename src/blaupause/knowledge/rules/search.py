"""rules of the knowledge app: search.

Everyone may search (the page is public); what each person finds is decided per document by
the visibility stored in the index (`knowledge.search.query.visible_documents`).
"""

import rules

rules.add_perm("knowledge.search", rules.always_allow)
