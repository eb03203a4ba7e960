# Example programs of the gravity area (examples/<name>.cpp; each runs under CTest).
list(APPEND UNBUNDLE_EXAMPLES gravity_yotov)
