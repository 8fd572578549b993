"""Control plane (public schema): the municipality catalogue and onboarding cases.

Arrives with the onboarding issue; the app has its place from the start so that the
public schema's layout is settled."""
