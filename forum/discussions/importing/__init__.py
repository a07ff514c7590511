"""Bringing a site's comments in from Disqus and WordPress exports (`manage.py import_comments`):
reading (disqus.py, wordpress.py), matching threads to articles (threads.py), planning the
tree (plan.py), writing (services.py), and claiming imported comments (claims.py)."""
