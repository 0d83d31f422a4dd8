"""The development server of the embedded default (``make run``), sized for a crowd.

Listed before ``whitenoise.runserver_nostatic`` in INSTALLED_APPS so that its ``runserver``
is the one Django runs; it keeps WhiteNoise's and Django's behaviour (autoreload, no static
handler) and changes only the listen backlog.
"""
