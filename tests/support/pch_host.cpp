// Hosts the precompiled header that test executables reuse.
