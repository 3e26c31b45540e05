# Praat reference for tests/voice/praat_parity_test.cpp: CPPS with Theil's
# complete line fit ("Robust slow"), which sorts every pairwise slope and so
# takes Praat seconds per second of sound; the test uses a short file.
form CPPS robust slow (velum parity reference)
  sentence file
endform
sound = Read from file: file$
cepstrogram = To PowerCepstrogram: 60, 0.002, 5000, 50
cpps = Get CPPS: "yes", 0.02, 0.0005, 60, 330, 0.05, "parabolic", 0.001, 0, "Exponential decay", "Robust slow"
writeInfoLine: "cpps_robust_slow_db ", fixed$ (cpps, 6)
