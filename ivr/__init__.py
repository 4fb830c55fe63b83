"""Công Dân Số hotline: the call flow engine and its adapters.

Layout (see ``docs/architecture.md``):

- ``ivr.engine``   the pure interpreter of the flow data in ``prompts/`` (no Flask, no Twilio);
- ``ivr.calls``    the call session service: state by CallSid in the database, one engine step per turn;
- ``ivr.reports``  the report domain: lifecycle, intake, numbers, storage, masking;
- ``ivr.work``     the work handed to background jobs (a queue interface ``app.py`` wires);
- ``ivr.voice``    the Twilio adapter (webhooks, signature check, TwiML, recording media);
- ``ivr.review``   the volunteers' dashboard;
- ``ivr.simulate`` the same webhooks driven from a terminal (``flask call``);
- ``ivr.models``   the SQLAlchemy models; migrations live in ``migrations/``.
"""
