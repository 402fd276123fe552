"""CareLoop: post-session pain response for medical exercise professionals."""

__version__ = "0.1.0"
