"""A phone call without a phone: the hotline's webhooks driven with real, signed Twilio requests.

``flask call`` (see :mod:`ivr.simulate.cli`) and the tests use :class:`CallSimulator`.
"""
from .client import CallSimulator, FlaskTransport, Heard, HeardPrompt, HttpTransport

__all__ = ["CallSimulator", "FlaskTransport", "Heard", "HeardPrompt", "HttpTransport"]
