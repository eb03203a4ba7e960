# Example programs of include/unbundle/io/ (each runs under CTest).
list(APPEND UNBUNDLE_EXAMPLES io_value_chains)
