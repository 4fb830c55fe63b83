"""The Twilio adapter: webhooks in, TwiML out. Thin: validate, parse, step, render.

Routes (mounted under ``/voice``): ``incoming`` (the number's voice URL), ``input`` (every
``<Gather>`` action and no-input redirect), ``recover`` (after an error apology), ``status``
(call status callback) and ``fallback`` (the number's fallback URL).
"""
from .views import voice

__all__ = ["voice"]
