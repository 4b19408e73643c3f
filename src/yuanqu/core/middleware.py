"""Tags each request with an id so the changes one request made can be listed together."""

import uuid

from yuanqu.core import audit


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4()
        token = audit.current_request_id.set(request.id)
        try:
            return self.get_response(request)
        finally:
            audit.current_request_id.reset(token)
