"""Test support shared by every app's tests: personas, factories, browser and SMTP helpers.

Lives in the package (not in conftest) so that app test modules can import it by name.
"""
