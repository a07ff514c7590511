"""The moderation API: the queues, decisions on posts, readers' reports, and the log.

Everything but reporting is for discussion staff; anyone else is refused with a 403. The
services still check, and lock what they decide on: two moderators deciding on one post at
once get one 200 and one 409.
"""
