/* pxmcu_plant.c - see pxmcu_plant.h. The equations are ThermalPlant's
 * (simulator/Paxman.Edge.Simulation/Plant), explicit Euler in 10 ms steps. */
#include "pxmcu_plant.h"

#include <math.h>
#include <string.h>

#define STEP_MS 10u
#define STEP_S 0.01
#define DENSITY 1.02
#define SPECIFIC_HEAT 3930.0
#define LOW_LITRES 1.5
#define EMPTY_LITRES 0.6
#define PIPEWORK_J_PER_K 6000.0
#define INSULATION_W_PER_K 3.0
#define PUMP_HEAT_W 12.0
#define CAPACITY_WARM_W 600.0
#define CAPACITY_WARM_C 20.0
#define CAPACITY_COLD_W 300.0
#define CAPACITY_COLD_C (-5.0)
#define MIN_RUN_PCT 20.0
#define SLEW_PCT_PER_S 20.0
#define CHANNEL_LPM 1.2
#define CHANNEL_BOTH_LPM 1.1
#define CAP_J_PER_K 1400.0
#define SCALP_W 40.0
#define COVER_W_PER_K 0.5
#define UNPLUGGED_W_PER_K 1.0
#define SENSOR_LAG_S 2.0
#define TEMP_SIGMA_C 0.05
#define FLOW_SIGMA_LPM 0.02
#define SHORTED_C 150.0
#define PI 3.14159265358979323846

static double uniform(pxmcu_plant *p)
{
    /* xorshift64*, 53 bits into [0, 1) */
    uint64_t x = p->noise;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    p->noise = x;
    return (double)((x * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

static double gaussian(pxmcu_plant *p, double sigma)
{
    double u1 = 1.0 - uniform(p);
    double u2 = uniform(p);
    return sigma * sqrt(-2.0 * log(u1)) * cos(2.0 * PI * u2);
}

static int16_t to_cc(double c)
{
    double v = floor(c * 100.0 + 0.5);
    if (v > 32767.0)
        v = 32767.0;
    if (v < -32767.0)
        v = -32767.0;
    return (int16_t)v;
}

static uint8_t level(const pxmcu_plant *p)
{
    return p->litres < EMPTY_LITRES ? PX_RESERVOIR_EMPTY
         : p->litres < LOW_LITRES ? PX_RESERVOIR_LOW
         : PX_RESERVOIR_OK;
}

void pxmcu_plant_init(pxmcu_plant *p, double ambient_c, int seed)
{
    memset(p, 0, sizeof *p);
    p->ambient_c = ambient_c;
    p->litres = PXMCU_FULL_LITRES;
    p->reservoir_c = p->supply_sensor_c = p->mixed_return_sensor_c = ambient_c;
    p->cap_c[0] = p->cap_c[1] = p->return_sensor_c[0] = p->return_sensor_c[1] = ambient_c;
    p->noise = 0x9E3779B97F4A7C15ull ^ (uint64_t)(uint32_t)seed;
    if (p->noise == 0)
        p->noise = 1;
    p->last_supply_cc = to_cc(ambient_c);
}

void pxmcu_plant_set_litres(pxmcu_plant *p, double litres) { p->litres = litres; }

static void step_compressor(pxmcu_plant *p)
{
    double command = p->compressor_failed ? 0.0 : (double)p->drive.compressor_pct;
    double target;
    if (p->compressor_stuck && !p->compressor_failed && command < MIN_RUN_PCT)
        command = MIN_RUN_PCT;
    target = command >= MIN_RUN_PCT ? (command > 100.0 ? 100.0 : command) : 0.0;
    if (p->compressor_pct > 0.0) {
        double slew = SLEW_PCT_PER_S * STEP_S, delta;
        if (target == 0.0) {
            p->compressor_pct = 0.0;
            return;
        }
        delta = target - p->compressor_pct;
        if (delta > slew)
            delta = slew;
        if (delta < -slew)
            delta = -slew;
        p->compressor_pct += delta;
        if (p->compressor_pct < MIN_RUN_PCT)
            p->compressor_pct = MIN_RUN_PCT;
        return;
    }
    /* No minimum off-time: the inverter starts at its minimum speed. */
    if (target > 0.0)
        p->compressor_pct = MIN_RUN_PCT;
}

static void step(pxmcu_plant *p)
{
    double res = p->reservoir_c, capacity, refrigeration, room, pump, reservoir_j_per_k;
    double scalp[2], room_to_cap[2], cap_to_res[2], alpha, flowing, mixed;
    int open[2], c, circulating;
    step_compressor(p);
    p->pump_running = (p->drive.outputs & PX_OUT_PUMP) != 0 && !p->pump_failed;
    circulating = p->pump_running && level(p) != PX_RESERVOIR_EMPTY;
    open[0] = circulating && (p->drive.outputs & PX_OUT_VALVE_A) != 0 && p->cap_connected[0] && !p->flow_blocked[0];
    open[1] = circulating && (p->drive.outputs & PX_OUT_VALVE_B) != 0 && p->cap_connected[1] && !p->flow_blocked[1];
    for (c = 0; c < 2; c++)
        p->flow_lpm[c] = open[c] ? (open[0] && open[1] ? CHANNEL_BOTH_LPM : CHANNEL_LPM) : 0.0;

    capacity = CAPACITY_COLD_W + (CAPACITY_WARM_W - CAPACITY_COLD_W) / (CAPACITY_WARM_C - CAPACITY_COLD_C) * (res - CAPACITY_COLD_C);
    if (capacity < 0.0)
        capacity = 0.0;
    refrigeration = capacity * p->compressor_pct / 100.0;
    room = INSULATION_W_PER_K * (p->ambient_c - res);
    pump = p->pump_running ? PUMP_HEAT_W : 0.0;
    for (c = 0; c < 2; c++) {
        scalp[c] = p->cap_connected[c] ? SCALP_W : 0.0;
        room_to_cap[c] = (p->cap_connected[c] ? COVER_W_PER_K : UNPLUGGED_W_PER_K) * (p->ambient_c - p->cap_c[c]);
        cap_to_res[c] = p->flow_lpm[c] / 60.0 * DENSITY * SPECIFIC_HEAT * (p->cap_c[c] - res);
    }
    reservoir_j_per_k = p->litres * DENSITY * SPECIFIC_HEAT + PIPEWORK_J_PER_K;
    p->reservoir_c += STEP_S * (room + pump + cap_to_res[0] + cap_to_res[1] - refrigeration) / reservoir_j_per_k;
    for (c = 0; c < 2; c++)
        p->cap_c[c] += STEP_S * (scalp[c] + room_to_cap[c] - cap_to_res[c]) / CAP_J_PER_K;

    alpha = STEP_S / SENSOR_LAG_S;
    p->supply_sensor_c += (p->reservoir_c - p->supply_sensor_c) * alpha;
    flowing = p->flow_lpm[0] + p->flow_lpm[1];
    mixed = flowing > 0.0 ? (p->flow_lpm[0] * p->cap_c[0] + p->flow_lpm[1] * p->cap_c[1]) / flowing : p->reservoir_c;
    p->mixed_return_sensor_c += (mixed - p->mixed_return_sensor_c) * alpha;
    for (c = 0; c < 2; c++) {
        double ret = p->flow_lpm[c] > 0.0 ? p->cap_c[c] : p->reservoir_c;
        p->return_sensor_c[c] += (ret - p->return_sensor_c[c]) * alpha;
    }
}

void pxmcu_plant_drive(pxmcu_plant *p, const px_mcu_drive *d, uint32_t elapsed_ms)
{
    double command;
    /* The time since the last call ran with the outputs driven then. */
    p->carry_ms += elapsed_ms;
    while (p->carry_ms >= STEP_MS) {
        p->carry_ms -= STEP_MS;
        step(p);
    }
    p->drive = *d;
    /* A stop is immediate at the drive (ThermalPlant's StopAtOnceIfCommanded),
     * so the STATUS of the period that stopped it reads 0. */
    command = p->compressor_failed ? 0.0 : (double)d->compressor_pct;
    if (p->compressor_stuck && !p->compressor_failed && command < MIN_RUN_PCT)
        command = MIN_RUN_PCT;
    if (p->compressor_pct > 0.0 && command < MIN_RUN_PCT)
        p->compressor_pct = 0.0;
}

uint8_t pxmcu_plant_speed(const pxmcu_plant *p)
{
    double v = floor(p->compressor_pct + 0.5);
    return (uint8_t)(v < 0.0 ? 0.0 : v > 100.0 ? 100.0 : v);
}

static uint16_t flow_reading(pxmcu_plant *p, int c)
{
    double v;
    if (p->flow_sensor_stuck[c])
        return (uint16_t)(CHANNEL_LPM * 100.0 + 0.5);
    if (p->flow_lpm[c] <= 0.0)
        return 0;
    v = floor((p->flow_lpm[c] + gaussian(p, FLOW_SIGMA_LPM)) * 100.0 + 0.5);
    return (uint16_t)(v < 0.0 ? 0.0 : v > 65535.0 ? 65535.0 : v);
}

void pxmcu_plant_sample(pxmcu_plant *p, px_mcu_samples *s)
{
    int16_t supply = to_cc(p->supply_sensor_c + gaussian(p, TEMP_SIGMA_C));
    p->last_supply_cc = supply;
    if (p->sensor_stuck)
        supply = p->stuck_supply_cc;
    if (p->forced_supply)
        supply = to_cc(p->forced_supply_c);
    if (p->sensor_short)
        supply = to_cc(SHORTED_C);
    if (p->sensor_open)
        supply = (int16_t)PX_TEMP_NONE;
    s->supply_cc = supply;
    s->return_cc = to_cc(p->mixed_return_sensor_c + gaussian(p, TEMP_SIGMA_C));
    s->return_a_cc = to_cc(p->return_sensor_c[0] + gaussian(p, TEMP_SIGMA_C));
    s->return_b_cc = to_cc(p->return_sensor_c[1] + gaussian(p, TEMP_SIGMA_C));
    s->flow_a_clpm = flow_reading(p, 0);
    s->flow_b_clpm = flow_reading(p, 1);
    s->reservoir = level(p);
    s->compressor_drive_fault = (uint8_t)(p->compressor_drive_fault != 0);
    s->pump_drive_fault = (uint8_t)(p->pump_drive_fault != 0);
    s->brown_out = 0;
}
