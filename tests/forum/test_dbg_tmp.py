import time, logging
from tests.forum.worker import broker_unreachable
from forum.services.notifications import enqueue
def test_x(caplog):
    caplog.set_level(logging.WARNING)
    with broker_unreachable():
        t=time.time(); enqueue("notifications_sweep"); print("took", time.time()-t)
    print(caplog.text)
