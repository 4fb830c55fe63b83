"""The Twilio adapter: webhooks in, TwiML out, and Twilio's recording media.

Modules: ``views`` (the ``voice`` blueprint, mounted under ``/voice``: ``incoming``, ``input``,
``recover``, ``status``, ``fallback``; thin: validate, parse, step, render), ``twiml`` (commands to
TwiML), ``signature`` (``X-Twilio-Signature``), ``media`` (downloading recordings from Twilio),
``free_line`` (the missed-call line at the incoming webhook), ``outbound_calls`` (the webhooks of
the hotline's own calls: status, the verdict call; issue 12), ``stream_protocol`` (Twilio Media
Streams messages parsed and built, pure; issue 13: the WebSocket handler is still to come).

Importing this package imports no module: the web app takes the blueprint from
``ivr.voice.views``, and the job worker only ``ivr.voice.media``, without the call service.
"""
