"""Tools for testing code that uses voiceid_jobs, without AWS."""
