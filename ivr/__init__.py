"""Công Dân Số hotline: the call flow engine and its adapters.

Layout (see ``docs/architecture.md``):

- ``ivr.engine``   the pure interpreter of the flow data in ``prompts/`` (no Flask, no Twilio);
- ``ivr.calls``    the call session service: state by CallSid in the database, one engine step per turn;
- ``ivr.voice``    the Twilio adapter (webhooks, signature check, TwiML);
- ``ivr.simulate`` the same webhooks driven from a terminal (``flask call``);
- ``ivr.models``   the SQLAlchemy models; migrations live in ``migrations/``.
"""
