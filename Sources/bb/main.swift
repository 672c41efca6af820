print("bb")
