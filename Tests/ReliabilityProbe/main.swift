// The reliability tests' child process; its modes are added with the tests that use them.
print("usage: ReliabilityProbe MODE")
