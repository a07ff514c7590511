"""The discussions API: comments under articles, forum topics, posts and likes.

Anyone may call every endpoint: the services decide who may write, and refuse with a reason
(not logged in, unverified, suspended, closed ...) that `service_errors` hands to the client.
"""
