// Reservoir computing with one spin-torque oscillator (Torrejon et al.,
// Nature 547, 428, 2017): audio front ends turn a recording into frames of
// features (`FrontEnd`), a fixed seeded mask turns each frame into a
// piecewise-constant current of N virtual nodes held theta each
// (`InputMask`), the device's exact power under that current is the node
// state (`OscillatorReservoir`), and a ridge read-out summed over an
// utterance's frames names the class (`RidgeReadout`). Nothing here reads
// files: recordings come in as samples.
