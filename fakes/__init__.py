"""Local stand-ins for the federal services we cannot reach from tests or `make run`.
Each speaks the real HTTP protocol of its service (../shared/specs/), so our real
client code runs against it end to end."""
