# Examples of include/unbundle/scenario/
list(APPEND UNBUNDLE_EXAMPLES scenario)
