// The ecosystem event types are added here.
