/* pxmcu_plant.h - the chiller behind pxmcu's pins on a desk: a small
 * lumped thermal model that answers like the C# emulator's ThermalPlant
 * (simulator/README.md, "Thermal plant"), with the same constants, the same
 * bench faults and no compressor minimum off-time (the host owns it). It is
 * the host build's stand-in for hardware, so it uses floating point; the MCU
 * core (px_mcu.c) does not. */
#ifndef PXMCU_PLANT_H
#define PXMCU_PLANT_H

#include <stdint.h>

#include "px/px_mcu.h"

typedef struct pxmcu_plant {
    double ambient_c;
    double litres;
    double reservoir_c;
    double supply_sensor_c, mixed_return_sensor_c;
    double cap_c[2], return_sensor_c[2], flow_lpm[2];
    int cap_connected[2];
    double compressor_pct;
    int pump_running;
    px_mcu_drive drive;
    uint32_t carry_ms;
    uint64_t noise;
    int16_t last_supply_cc;
    /* faults and bench tools */
    int sensor_open, sensor_short, sensor_stuck;
    int16_t stuck_supply_cc;
    int forced_supply, compressor_drive_fault, pump_drive_fault;
    double forced_supply_c;
    int pump_failed, compressor_failed, compressor_stuck;
    int flow_blocked[2], flow_sensor_stuck[2];
} pxmcu_plant;

void pxmcu_plant_init(pxmcu_plant *p, double ambient_c, int seed);
/* Applies the outputs for elapsed_ms of time (integrated in 10 ms steps). */
void pxmcu_plant_drive(pxmcu_plant *p, const px_mcu_drive *d, uint32_t elapsed_ms);
void pxmcu_plant_sample(pxmcu_plant *p, px_mcu_samples *s);
/* The compressor drive's speed feedback now, %. */
uint8_t pxmcu_plant_speed(const pxmcu_plant *p);
/* low-coolant on (a leak) / off (refilled); reservoir-empty on / off. */
void pxmcu_plant_set_litres(pxmcu_plant *p, double litres);

#define PXMCU_FULL_LITRES 2.5
#define PXMCU_AFTER_LEAK_LITRES 1.2

#endif
