# Praat reference values for tests/voice/praat_parity_test.cpp: the Voice report
# measures with its defaults (pulses 75-600 Hz; period floor 0.0001 s, ceiling
# 0.02 s, maximum period factor 1.3, maximum amplitude factor 1.6), then HNR and CPPS.
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
# Voice quality: HNR as Praat's Voice report computes it, and CPPS with the
# defaults of Praat's Get CPPS form and with the settings of the AVQI v02.03
# script (Maryn & Corthals).
selectObject: sound
harmonicity = To Harmonicity (cc): 0.01, 75, 0.1, 1.0
hnr = Get mean: 0, 0
selectObject: sound
cepstrogram = To PowerCepstrogram: 60, 0.002, 5000, 50
cpps = Get CPPS: "yes", 0.02, 0.0005, 60, 330, 0.05, "parabolic", 0.001, 0, "Exponential decay", "Robust"
cpps_avqi = Get CPPS: "no", 0.01, 0.001, 60, 330, 0.05, "parabolic", 0.001, 0, "Straight", "Robust"
appendInfoLine: "hnr_db ", fixed$ (hnr, 6)
appendInfoLine: "cpps_db ", fixed$ (cpps, 6)
appendInfoLine: "cpps_avqi_db ", fixed$ (cpps_avqi, 6)
