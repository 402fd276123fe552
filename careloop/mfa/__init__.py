"""Two-factor sign-in: TOTP (an authenticator app) with one-time recovery codes.

Built on django-otp: its TOTPDevice holds the shared secret (needed in clear to compute
codes) and throttles wrong codes; our RecoveryCodeDevice keeps only SHA-256 hashes of the
recovery codes. The sign-in view hands over to `flow.second_factor_begin` after the
password; `middleware.TwoFactorMiddleware` sends owners (or everyone, when the practice
asks) to enrolment and refuses sessions that skipped the second step.
"""
