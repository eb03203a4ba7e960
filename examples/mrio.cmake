# Example programs of include/unbundle/mrio/ (each runs under CTest).
list(APPEND UNBUNDLE_EXAMPLES mrio_value_chains mrio_lockdown)
