# Praat reference values for tests/voice/praat_parity_test.cpp: the Voice report
# measures with its defaults (pulses 75-600 Hz; period floor 0.0001 s, ceiling
# 0.02 s, maximum period factor 1.3, maximum amplitude factor 1.6).
form Voice report (velum parity reference)
  sentence file
endform
sound = Read from file: file$
pulses = To PointProcess (periodic, cc): 75, 600
n = Get number of points
jl = Get jitter (local): 0, 0, 0.0001, 0.02, 1.3
jla = Get jitter (local, absolute): 0, 0, 0.0001, 0.02, 1.3
jr = Get jitter (rap): 0, 0, 0.0001, 0.02, 1.3
jp = Get jitter (ppq5): 0, 0, 0.0001, 0.02, 1.3
selectObject: sound, pulses
sl = Get shimmer (local): 0, 0, 0.0001, 0.02, 1.3, 1.6
sdb = Get shimmer (local_dB): 0, 0, 0.0001, 0.02, 1.3, 1.6
s3 = Get shimmer (apq3): 0, 0, 0.0001, 0.02, 1.3, 1.6
s5 = Get shimmer (apq5): 0, 0, 0.0001, 0.02, 1.3, 1.6
s11 = Get shimmer (apq11): 0, 0, 0.0001, 0.02, 1.3, 1.6
writeInfoLine: "pulses ", n
appendInfoLine: "jitter_local ", fixed$ (jl, 10)
appendInfoLine: "jitter_local_absolute ", fixed$ (jla, 12)
appendInfoLine: "jitter_rap ", fixed$ (jr, 10)
appendInfoLine: "jitter_ppq5 ", fixed$ (jp, 10)
appendInfoLine: "shimmer_local ", fixed$ (sl, 10)
appendInfoLine: "shimmer_local_db ", fixed$ (sdb, 10)
appendInfoLine: "shimmer_apq3 ", fixed$ (s3, 10)
appendInfoLine: "shimmer_apq5 ", fixed$ (s5, 10)
appendInfoLine: "shimmer_apq11 ", fixed$ (s11, 10)
